"""Readable, filtered statements per concept: shared by root resolvers and loaders."""

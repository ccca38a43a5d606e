"""Who is asking (the viewer) and what they may read (the policy)."""

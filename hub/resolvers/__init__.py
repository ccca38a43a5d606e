"""Root query fields, one class per concept; `hub.schema.root` combines them into `Query`."""

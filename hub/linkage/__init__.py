"""证照联动 / 双告知: registrations in, notices routed to the approving departments, handled
there, and the outcome fed back to market supervision."""

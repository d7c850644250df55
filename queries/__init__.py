"""tinhgon.queries."""

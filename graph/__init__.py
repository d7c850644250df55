"""tinhgon.graph."""

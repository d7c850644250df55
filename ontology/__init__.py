"""tinhgon.ontology."""

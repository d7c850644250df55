"""tinhgon.builders."""

"""coopnet: software for Italian social and community cooperatives and their consortia."""

"""The demo's operational data: members, workforce, care and meetings of the demo cooperatives."""

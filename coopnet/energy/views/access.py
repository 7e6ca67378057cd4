"""The permissions the energy pages ask for."""

READ = "energy.community:read"
WRITE = "energy.community:write"
RECENT = 20

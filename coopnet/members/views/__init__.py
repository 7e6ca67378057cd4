"""Pages of the members app, one module per area: ``register`` (the libro soci), ``member``
(a member's file and its steps, applications, a person's record), ``organization`` (statute
rules and published documents), ``portal`` (the member's own pages), ``join`` (the public
admission form), ``imports`` and ``exports`` (the register in and out); ``common`` helps them."""

"""The social report's indicators: the catalogue, the safe formula evaluator and the
figures computed from the other apps."""

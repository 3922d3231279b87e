"""The scorer's one exception type."""


class BundleError(ValueError):
    """A bundle that cannot be read, or inputs that do not fit it."""

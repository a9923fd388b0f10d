from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files. Only CSS references are rewritten: packaged JS (Leaflet's
    marker-cluster plugin) names source maps that its package does not ship."""

    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] == "*.css")

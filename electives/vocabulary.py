"""The ten vmbo profiles (technical ones first) and the three learning paths (leerwegen).

Plain data, used by the migration that loads them and by vocabulary_ensure() for tests and the demo.
"""

PROFILES = [
    # slug, code, name, technical
    ("bwi", "BWI", "Bouwen, wonen en interieur", True),
    ("pie", "PIE", "Produceren, installeren en energie", True),
    ("mt", "MT", "Mobiliteit en transport", True),
    ("mvi", "MVI", "Media, vormgeving en ICT", True),
    ("mat", "MaT", "Maritiem en techniek", True),
    ("groen", "Groen", "Groen", False),
    ("zw", "Z&W", "Zorg en welzijn", False),
    ("eo", "E&O", "Economie en ondernemen", False),
    ("hbr", "HBR", "Horeca, bakkerij en recreatie", False),
    ("dp", "D&P", "Dienstverlening en producten", False),
]
LEVELS = [
    ("basis", "Basis (bb)"),
    ("kader", "Kader (kb)"),
    ("gt", "Gemengd/theoretisch (gl/tl)"),
]


def vocabulary_ensure(Profile, Level) -> None:  # models: real or from a migration
    """Create or update the fixed rows; safe to run again."""
    for order, (slug, code, name, technical) in enumerate(PROFILES):
        Profile.objects.update_or_create(
            slug=slug, defaults={"code": code, "name": name, "technical": technical, "order": order}
        )
    for order, (slug, name) in enumerate(LEVELS):
        Level.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})

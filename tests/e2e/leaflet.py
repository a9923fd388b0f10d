"""Waiting for a Leaflet map in the browser tests: a click during an animation is lost or meets
markers being swapped out (seen in CI on a busy machine)."""


def wait_until_still(page, map_selector: str = "#kaart") -> None:
    """Neither Leaflet's zoom nor the cluster plug-in's own animation (its class on the map pane)
    is under way on the map."""
    page.wait_for_function(
        """selector => !document.querySelector(
             `${selector}.leaflet-zoom-anim, ${selector} .leaflet-cluster-anim`)""",
        arg=map_selector,
    )

"""Building, storing, projecting, measuring and drawing the partnership graph."""

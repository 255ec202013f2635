"""Data out: the incidents as GeoJSON and CSV, and the feeds of the articles."""

-- Maps (issue 28): an org unit's boundary (a GeoJSON Polygon or MultiPolygon) or its point (a facility), kept apart from
-- org_units so that the many reads of the tree never carry megabytes of coordinates. geometry is the GeoJSON geometry
-- object as imported (checked by Core.Maps.Geometry); kind says which of the two it is.
CREATE TABLE org_unit_geometries (
    org_unit_id INTEGER NOT NULL PRIMARY KEY REFERENCES org_units (id),
    kind TEXT NOT NULL,
    geometry TEXT NOT NULL
);

package io.verdict.esql.value;

/** A point on the earth, longitude first as WKT writes it ({@code POINT(lon lat)}). */
public record GeoPoint(double lon, double lat) {

    /** The point as WKT: {@code POINT (-73.9 40.7)} (ES prints a space before the parenthesis). */
    @Override
    public String toString() {
        return "POINT (" + lon + " " + lat + ")";
    }
}

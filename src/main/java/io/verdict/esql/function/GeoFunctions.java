package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import java.util.List;
import org.apache.lucene.util.SloppyMath;

/** The geo_point functions: {@code ST_X} (longitude), {@code ST_Y} (latitude), {@code ST_DISTANCE} (meters). */
final class GeoFunctions {

    private static final Scalar.Param POINT = new Scalar.Param("geo_point or cartesian_point", Arguments.GEO);

    private GeoFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                Scalar.of("ST_X", DataType.DOUBLE, a -> ((GeoPoint) a[0]).lon(), POINT),
                Scalar.of("ST_Y", DataType.DOUBLE, a -> ((GeoPoint) a[0]).lat(), POINT),
                // Great-circle distance on the mean-radius sphere, with Lucene's haversine as ES computes it.
                Scalar.of(
                        "ST_DISTANCE",
                        DataType.DOUBLE,
                        a -> {
                            GeoPoint p = (GeoPoint) a[0];
                            GeoPoint q = (GeoPoint) a[1];
                            return SloppyMath.haversinMeters(p.lat(), p.lon(), q.lat(), q.lon());
                        },
                        POINT,
                        POINT));
    }
}

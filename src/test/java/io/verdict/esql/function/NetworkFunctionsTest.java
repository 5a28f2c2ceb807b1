package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class NetworkFunctionsTest {

    @TestFactory
    Stream<DynamicTest> cidrAndPrefixes() {
        return Stream.of(
                expect(true, "CIDR_MATCH", Ip.parse("10.1.2.3"), "10.0.0.0/8"),
                expect(false, "CIDR_MATCH", Ip.parse("11.1.2.3"), "10.0.0.0/8"),
                expect(true, "CIDR_MATCH", Ip.parse("192.168.1.1"), "10.0.0.0/8", "192.168.0.0/16"),
                expect(true, "CIDR_MATCH", Ip.parse("127.0.0.1"), "127.0.0.1"),
                expect(true, "CIDR_MATCH", Ip.parse("fe80::cae2:65ff:fece:feb9"), "fe80::/10"),
                expect(false, "CIDR_MATCH", Ip.parse("10.0.0.1"), "fe80::/10"),
                expect(true, "CIDR_MATCH", Ip.parse("10.0.0.1"), "0.0.0.0/0"),
                expect(Ip.parse("1.2.3.0"), "IP_PREFIX", Ip.parse("1.2.3.4"), 24, 0),
                expect(Ip.parse("1.2.3.128"), "IP_PREFIX", Ip.parse("1.2.3.255"), 25, 0),
                expect(
                        Ip.parse("fe80::cae2:65ff:fece:fe80"),
                        "IP_PREFIX",
                        Ip.parse("fe80::cae2:65ff:fece:feff"),
                        0,
                        121),
                expect(Ip.parse("::"), "IP_PREFIX", Ip.parse("fe80::cae2:65ff:fece:feb9"), 32, 0),
                fails(
                        IllegalArgumentException.class,
                        "Prefix length v4 must be in range [0, 32], found 33",
                        "IP_PREFIX",
                        Ip.parse("1.2.3.4"),
                        33,
                        0));
    }

    @TestFactory
    Stream<DynamicTest> geo() {
        GeoPoint copenhagen = new GeoPoint(12.565, 55.673);
        return Stream.of(
                expect(12.565, "ST_X", copenhagen),
                expect(55.673, "ST_Y", copenhagen),
                expect(0.0, "ST_DISTANCE", copenhagen, copenhagen));
    }

    @Test
    void stDistanceIsTheHaversineOnTheMeanRadius() {
        double meters = (Double) Invoke.call("ST_DISTANCE", new GeoPoint(0, 0), new GeoPoint(0, 1));
        assertEquals(6371008.7714 * Math.PI / 180, meters, 0.01);
    }

    @Test
    void cidrMatchOnComputedBlocks() {
        ScalarFunction.Bound bound = Invoke.bindColumns("CIDR_MATCH", List.of(DataType.IP, DataType.KEYWORD));
        assertEquals(true, Invoke.apply(bound, Ip.parse("10.0.0.1"), "10.0.0.0/24"));
    }
}

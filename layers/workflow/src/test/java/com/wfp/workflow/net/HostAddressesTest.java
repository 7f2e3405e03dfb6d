package com.wfp.workflow.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class HostAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "2130706433, LOOPBACK",
            "0177.0.0.1, LOOPBACK",
            "0x7f000001, LOOPBACK",
            "0x7f.0.0.1, LOOPBACK",
            "127.1, LOOPBACK",
            "[::1], LOOPBACK",
            "::ffff:127.0.0.1, LOOPBACK",
            "[::ffff:7f00:1], LOOPBACK",
            "10.1.2.3, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "fd12:3456::1, PRIVATE",
            "169.254.169.254, METADATA",
            "0xa9fea9fe, METADATA",
            "fd00:ec2::254, METADATA",
            "169.254.10.1, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "0.0.0.0, UNSPECIFIED",
            "::, UNSPECIFIED",
            "224.0.0.1, MULTICAST",
            "8.8.8.8, PUBLIC",
            "172.32.0.1, PUBLIC",
            "2606:4700::1111, PUBLIC",
            "2002:7f00:1::, LOOPBACK",
    })
    void classifyLiteral_whenAddressIsSpelledAnyWay_classifiesByWhereItPoints(String host, AddressClass expected) {
        assertThat(HostAddresses.classifyLiteral(host)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"api.example.com", "example", "1.2.3.4.5", "256.1.1.1", "08.0.0.1", "crm.example.com."})
    void parseLiteral_whenHostIsNotAnIpLiteral_returnsEmptyWithoutDns(String host) {
        assertThat(HostAddresses.parseLiteral(host)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"localhost", "LOCALHOST", "app.localhost", "localhost."})
    void classifyLiteral_whenNameIsLocalhost_isLoopback(String host) {
        assertThat(HostAddresses.classifyLiteral(host)).contains(AddressClass.LOOPBACK);
    }

    @ParameterizedTest
    @CsvSource({"metadata.google.internal"})
    void classifyLiteral_whenNameIsMetadataService_isMetadata(String host) {
        assertThat(HostAddresses.classifyLiteral(host)).contains(AddressClass.METADATA);
    }

    @ParameterizedTest
    @CsvSource({"93.184.216.34, PUBLIC", "127.0.0.1, LOOPBACK"})
    void classify_whenGivenResolvedAddress_agreesWithLiteral(String literal, AddressClass expected) throws Exception {
        assertThat(HostAddresses.classify(InetAddress.getByName(literal))).isEqualTo(expected);
    }
}

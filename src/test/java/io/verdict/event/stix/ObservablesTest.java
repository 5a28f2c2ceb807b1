package io.verdict.event.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where each supported comparison goes among the {@code threat.indicator.*} fields, and what has no place. */
class ObservablesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            [file:hashes.'SHA-256' = 'A1']              | file                 | {file.hash.sha256=A1}
            [file:hashes.SHA256 = 'A1']                 | file                 | {file.hash.sha256=A1}
            [file:hashes.md5 = 'A1']                    | file                 | {file.hash.md5=A1}
            [file:hashes.'SHA-1' = 'A1']                | file                 | {file.hash.sha1=A1}
            [file:hashes.'SHA-512' = 'A1']              | file                 | {file.hash.sha512=A1}
            [file:hashes.SSDEEP = '3:a:b']              | file                 | {file.hash.ssdeep=3:a:b}
            [file:name = 'x.exe']                       | file                 | {file.name=x.exe}
            [ipv4-addr:value = '10.1.2.3']              | ipv4-addr            | {ip=10.1.2.3}
            [ipv4-addr:value = '10.1.2.3/32']           | ipv4-addr            | {ip=10.1.2.3}
            [ipv6-addr:value = '2001:db8::1/128']       | ipv6-addr            | {ip=2001:db8::1}
            [ipv6-addr:value = '::ffff:10.0.0.1']       | ipv6-addr            | {ip=::ffff:10.0.0.1}
            [domain-name:value = 'evil.example']        | domain-name          | {url.domain=evil.example}
            [url:value = 'http://evil.example:8080/a']  | url                  | {url.full=http://evil.example:8080/a, url.original=http://evil.example:8080/a, url.scheme=http, url.domain=evil.example}
            [url:value = 'not a uri']                   | url                  | {url.full=not a uri, url.original=not a uri}
            [email-addr:value = 'a@b.example']          | email-addr           | {email.address=a@b.example}
            [email-message:sender_ref.value = 'a@b.c']  | email-addr           | {email.address=a@b.c}
            [windows-registry-key:key = 'HKLM']         | windows-registry-key | {registry.path=HKLM, registry.hive=HKLM}
            [windows-registry-key:key = 'Software\\\\x'] | windows-registry-key | {registry.path=Software\\x}
            [x509-certificate:serial_number = '01:02']  | x509-certificate     | {x509.serial_number=01:02}
            [x509-certificate:subject = 'CN=evil']      | x509-certificate     | {x509.subject.distinguished_name=CN=evil}
            """)
    void eachSupportedComparisonHasItsEcsFields(String pattern, String type, String fields) {
        Observables.Observable observable =
                Observables.of(StixPattern.read(pattern, 1000, 8).get(0));
        assertEquals(type, observable.type());
        assertEquals(fields, observable.fields().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            [file:name = ' ']                           | the value of file:name is empty
            [file:size = '10']                          | file:size has no ECS indicator field
            [file:hashes.'SHA3-256' = 'a']              | file:hashes.SHA3-256 has no ECS indicator field
            [ipv4-addr:value = '10.0.0.0/8']            | the range 10.0.0.0/8 of ipv4-addr:value is not supported
            [ipv4-addr:value = '1.2.3']                 | '1.2.3' is not an IPv4 address
            [ipv4-addr:value = '01.2.3.4444']           | '01.2.3.4444' is not an IPv4 address
            [ipv6-addr:value = '1:2:3']                 | '1:2:3' is not an IPv6 address
            [ipv6-addr:value = '1::2::3']               | '1::2::3' is not an IPv6 address
            [ipv6-addr:value = 'evil.example']          | 'evil.example' is not an IPv6 address
            [ipv4-addr:resolves_to_refs[*].value = 'a'] | ipv4-addr:resolves_to_refs[*].value has no ECS indicator field
            [x509-certificate:hashes.'SHA-256' = 'a']   | x509-certificate:hashes.SHA-256 has no ECS indicator field
            [mutex:name = 'Global\\\\m']                | mutex:name has no ECS indicator field
            """)
    void comparisonsWithoutAnEcsPlaceAreRefusedWithWhy(String pattern, String reason) {
        StixException e = assertThrows(
                StixException.class,
                () -> Observables.of(StixPattern.read(pattern, 1000, 8).get(0)));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }
}

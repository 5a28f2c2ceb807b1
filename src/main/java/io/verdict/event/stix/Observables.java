package io.verdict.event.stix;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the observable of one STIX comparison goes in an ECS indicator: the indicator type (ECS's
 * {@code threat.indicator.type} values, which are STIX's object types) and the {@code threat.indicator.*} fields
 * that hold the value, as Elastic's threat-intel integrations fill them.
 */
final class Observables {

    /** The ECS type and the fields (relative to {@code threat.indicator}) with their values. */
    record Observable(String type, Map<String, String> fields) {}

    private static final Map<String, String> HASHES = Map.of(
            "md5", "md5", "sha1", "sha1", "sha256", "sha256", "sha384", "sha384", "sha512", "sha512", "ssdeep",
            "ssdeep", "tlsh", "tlsh");

    private static final Map<String, String> HIVES = Map.of(
            "hkey_local_machine",
            "HKLM",
            "hkey_current_user",
            "HKCU",
            "hkey_users",
            "HKU",
            "hkey_classes_root",
            "HKCR",
            "hkey_current_config",
            "HKCC",
            "hklm",
            "HKLM",
            "hkcu",
            "HKCU",
            "hku",
            "HKU",
            "hkcr",
            "HKCR",
            "hkcc",
            "HKCC");

    private Observables() {}

    /** The observable a comparison names, or a {@link StixException} saying why it has no ECS place. */
    static Observable of(StixPattern.Comparison comparison) {
        String value = comparison.value();
        String where = comparison.objectType() + ":" + comparison.property();
        if (value.isBlank()) {
            throw new StixException("the value of " + where + " is empty");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String type = switch (comparison.objectType()) {
            case "file" -> file(comparison.property(), value, fields, where);
            case "ipv4-addr", "ipv6-addr" -> ip(comparison, value, fields, where);
            case "domain-name" -> single(comparison, "value", "domain-name", "url.domain", value, fields);
            case "url" -> url(comparison, value, fields);
            case "email-addr" -> single(comparison, "value", "email-addr", "email.address", value, fields);
            case "email-message" -> emailMessage(comparison, value, fields);
            case "windows-registry-key" -> registry(comparison, value, fields);
            case "x509-certificate" -> certificate(comparison, value, fields);
            default -> throw unmapped(where);
        };
        return new Observable(type, fields);
    }

    private static String file(String property, String value, Map<String, String> fields, String where) {
        if (property.equals("name")) {
            fields.put("file.name", value);
            return "file";
        }
        if (property.startsWith("hashes.")) {
            String algorithm =
                    property.substring("hashes.".length()).replace("-", "").toLowerCase(Locale.ROOT);
            String field = HASHES.get(algorithm);
            if (field != null) {
                fields.put("file.hash." + field, value);
                return "file";
            }
        }
        throw unmapped(where);
    }

    private static String ip(
            StixPattern.Comparison comparison, String value, Map<String, String> fields, String where) {
        if (!comparison.property().equals("value")) {
            throw unmapped(where);
        }
        boolean v4 = comparison.objectType().equals("ipv4-addr");
        String address = value.trim();
        int slash = address.indexOf('/');
        if (slash >= 0) {
            String prefix = address.substring(slash + 1);
            if (!prefix.equals(v4 ? "32" : "128")) {
                throw new StixException("the range " + value + " of " + where + " is not supported: an ECS indicator"
                        + " holds one address in threat.indicator.ip");
            }
            address = address.substring(0, slash);
        }
        if (v4 ? !ipv4(address) : !ipv6(address)) {
            throw new StixException("'" + value + "' is not an " + (v4 ? "IPv4" : "IPv6") + " address");
        }
        fields.put("ip", address);
        return comparison.objectType();
    }

    private static String url(StixPattern.Comparison comparison, String value, Map<String, String> fields) {
        single(comparison, "value", "url", "url.full", value, fields);
        fields.put("url.original", value);
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null) {
                fields.put("url.scheme", uri.getScheme());
            }
            if (uri.getHost() != null) {
                fields.put("url.domain", uri.getHost());
            }
        } catch (URISyntaxException notStrict) {
            // kept as written in full and original; the parts are what a strict URI has
        }
        return "url";
    }

    private static String emailMessage(StixPattern.Comparison comparison, String value, Map<String, String> fields) {
        String property = comparison.property();
        if (property.equals("from_ref.value") || property.equals("sender_ref.value")) {
            fields.put("email.address", value);
            return "email-addr";
        }
        throw unmapped(comparison.objectType() + ":" + property);
    }

    private static String registry(StixPattern.Comparison comparison, String value, Map<String, String> fields) {
        single(comparison, "key", "windows-registry-key", "registry.path", value, fields);
        int separator = value.indexOf('\\');
        String hive = HIVES.get((separator < 0 ? value : value.substring(0, separator)).toLowerCase(Locale.ROOT));
        if (hive != null) {
            fields.put("registry.hive", hive);
            if (separator >= 0 && separator + 1 < value.length()) {
                fields.put("registry.key", value.substring(separator + 1));
            }
        }
        return "windows-registry-key";
    }

    private static String certificate(StixPattern.Comparison comparison, String value, Map<String, String> fields) {
        String field = switch (comparison.property()) {
            case "serial_number" -> "x509.serial_number";
            case "subject" -> "x509.subject.distinguished_name";
            case "issuer" -> "x509.issuer.distinguished_name";
            default -> throw unmapped(comparison.objectType() + ":" + comparison.property());
        };
        fields.put(field, value);
        return "x509-certificate";
    }

    private static String single(
            StixPattern.Comparison comparison,
            String property,
            String type,
            String field,
            String value,
            Map<String, String> fields) {
        if (!comparison.property().equals(property)) {
            throw unmapped(comparison.objectType() + ":" + comparison.property());
        }
        fields.put(field, value);
        return type;
    }

    private static StixException unmapped(String where) {
        return new StixException(where + " has no ECS indicator field: supported are file hashes and name,"
                + " ipv4-addr, ipv6-addr, domain-name, url and email-addr values, email-message:from_ref.value,"
                + " windows-registry-key:key and x509-certificate serial_number, subject and issuer");
    }

    static boolean ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal: hex groups of at most four digits, one "::" at most, an IPv4 tail allowed. */
    static boolean ipv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return false;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                boolean partOfDoubleColon = doubleColon >= 0;
                if (!partOfDoubleColon) {
                    return false;
                }
                continue;
            }
            if (i == groups.length - 1 && group.contains(".")) {
                if (!ipv4(group)) {
                    return false;
                }
                count += 2;
                continue;
            }
            if (group.length() > 4 || !group.chars().allMatch(Observables::hexDigit)) {
                return false;
            }
            count++;
        }
        return doubleColon >= 0 ? count < 8 : count == 8;
    }

    private static boolean hexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

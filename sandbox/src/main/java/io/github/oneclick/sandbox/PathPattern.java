package io.github.oneclick.sandbox;

import java.util.regex.Pattern;

/**
 * A path glob: {@code *} matches within one path segment, {@code **} matches across segments.
 * Example: {@code /v2/droplets/*}{@code /actions}. The query string is never part of the match.
 */
final class PathPattern {

    private final String glob;
    private final Pattern regex;

    private PathPattern(String glob) {
        this.glob = glob;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    sb.append(".*");
                    i++;
                } else {
                    sb.append("[^/]*");
                }
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.regex = Pattern.compile(sb.toString());
    }

    static PathPattern of(String glob) {
        if (glob == null || glob.isBlank()) {
            return new PathPattern("**");
        }
        return new PathPattern(glob);
    }

    boolean matches(String path) {
        int q = path.indexOf('?');
        return regex.matcher(q < 0 ? path : path.substring(0, q)).matches();
    }

    static boolean methodMatches(String wanted, String method) {
        return wanted == null || wanted.isBlank() || "*".equals(wanted) || wanted.equalsIgnoreCase(method);
    }

    @Override
    public String toString() {
        return glob;
    }
}

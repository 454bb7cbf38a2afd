package io.sparklab.jobs;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * HTTP basic auth for Spark's web UIs and the metrics servlets on them (the master's, the workers',
 * the history server's and every driver's), which ask for no credentials of their own: Spark puts the
 * filters named in {@code spark.ui.filters} before every page and hands each its settings
 * {@code spark.<class name>.param.<name>}. The hardened profile
 * ({@code io.sparklab.hardening.HardenedSparkDefaults}) sets them:
 *
 * <pre>
 * spark.ui.filters                                              io.sparklab.jobs.UiBasicAuthFilter
 * spark.io.sparklab.jobs.UiBasicAuthFilter.param.user           lab
 * spark.io.sparklab.jobs.UiBasicAuthFilter.param.passwordHash   (PBKDF2-HMAC-SHA256 of the password, hex)
 * spark.io.sparklab.jobs.UiBasicAuthFilter.param.salt           ...
 * spark.io.sparklab.jobs.UiBasicAuthFilter.param.iterations     600000
 * spark.io.sparklab.jobs.UiBasicAuthFilter.param.keyLength      32 (bytes)
 * </pre>
 *
 * A request without that user and password gets 401 and a Basic challenge. Spark's UI redacts the
 * settings whose names match "password" (spark.redaction.regex). A missing or bad setting stops the
 * UI at start with its full name: a UI that starts without its auth would be worse.
 */
public final class UiBasicAuthFilter implements Filter {
    /** How the settings are named in a Spark config. */
    public static final String PARAM_PREFIX = "spark." + UiBasicAuthFilter.class.getName() + ".param.";

    private BasicAuthCheck check;

    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            check = new BasicAuthCheck(required(config, "user"), required(config, "passwordHash"), required(config, "salt"),
                    number(config, "iterations"), number(config, "keyLength"));
        } catch (IllegalArgumentException e) {
            throw new ServletException(UiBasicAuthFilter.class.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (check.allows(((HttpServletRequest) request).getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("WWW-Authenticate", "Basic realm=\"Spark\", charset=\"UTF-8\"");
        http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    @Override
    public void destroy() {
    }

    private static String required(FilterConfig config, String name) {
        String value = config.getInitParameter(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PARAM_PREFIX + name + " is not set");
        }
        return value.trim();
    }

    private static int number(FilterConfig config, String name) {
        String value = required(config, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PARAM_PREFIX + name + " is not a whole number: " + value);
        }
    }
}

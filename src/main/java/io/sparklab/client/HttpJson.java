package io.sparklab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The HTTP plumbing the clients share: one OkHttp client, JSON through Jackson, errors that say which URL. */
public final class HttpJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Without credentials: what anyone on the network would send. */
    private static final OkHttpClient ANONYMOUS = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            // The lab CAs of a hardened stack (LabTrust), besides the JDK's; a default stack registers none.
            .sslSocketFactory(LabTrust.socketFactory(), LabTrust.trustManager())
            .build();
    /** With the credentials a hardened stack registered for the endpoint asked (LabTrust), if any. */
    private static final OkHttpClient CLIENT = ANONYMOUS.newBuilder().addInterceptor(LabTrust.credentials()).build();
    private static final MediaType JSON = MediaType.get("application/json");

    private HttpJson() {
    }

    public static OkHttpClient client() {
        return CLIENT;
    }

    public static JsonNode get(String url) {
        return parse(url, body(new Request.Builder().url(url).build()));
    }

    public static JsonNode postJson(String url, Object payload) {
        try {
            String json = MAPPER.writeValueAsString(payload);
            return parse(url, body(new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST without a body (an action such as Elasticsearch's _refresh, which refuses one). */
    public static JsonNode post(String url) {
        return parse(url, body(new Request.Builder().url(url).post(RequestBody.create(new byte[0])).build()));
    }

    public static JsonNode delete(String url) {
        return parse(url, body(new Request.Builder().url(url).delete().build()));
    }

    public static JsonNode putJson(String url, Object payload) {
        try {
            String json = MAPPER.writeValueAsString(payload);
            return parse(url, body(new Request.Builder().url(url).put(RequestBody.create(json, JSON)).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET and return the status code (0 when nothing answers), for readiness and UI checks. */
    public static int status(String url) {
        try (Response response = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        } catch (IOException e) {
            return 0;
        }
    }

    /** GET without any credentials and return the status code (0 when nothing answers the connection). */
    public static int statusWithoutCredentials(String url) {
        try (Response response = ANONYMOUS.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        } catch (IOException e) {
            return 0;
        }
    }

    /** GET the body as text (e.g. a Prometheus exposition). */
    public static String text(String url) {
        return body(new Request.Builder().url(url).build());
    }

    private static String body(Request request) {
        try (Response response = CLIENT.newCall(request).execute()) {
            String body = response.body() != null ? response.body().string() : "";
            if (!response.isSuccessful()) {
                throw new ApiException(request.method() + " " + request.url() + " answered " + response.code() + ": "
                        + (body.length() > 500 ? body.substring(0, 500) + "..." : body), response.code());
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(request.method() + " " + request.url() + " failed: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String url, String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(url + " did not answer JSON: " + e.getMessage(), e);
        }
    }
}

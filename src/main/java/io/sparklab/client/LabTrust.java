package io.sparklab.client;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What the lab's HTTP clients know of a hardened stack: the lab CAs they trust besides the JDK's own,
 * and the credentials of each endpoint (host and port as this machine reaches it). The clients take
 * base URLs only, as they do for the default stack; {@link HttpJson} adds the rest. The default stack
 * registers nothing, so nothing changes for it.
 */
public final class LabTrust {
    private static final List<X509Certificate> CAS = new ArrayList<>();
    private static final Map<String, String> AUTHORIZATION = new ConcurrentHashMap<>();
    private static volatile X509ExtendedTrustManager labTrust;
    private static final X509ExtendedTrustManager JDK_TRUST = trustManager(null);
    private static final X509ExtendedTrustManager TRUST = new Composite();

    private LabTrust() {
    }

    /** Trusts certificates this CA signed, from now on. */
    public static synchronized void trust(X509Certificate ca) {
        if (!CAS.contains(ca)) {
            CAS.add(ca);
            labTrust = trustManager(CAS);
        }
    }

    /**
     * Sends these basic-auth credentials to this host and port (e.g. "localhost:32768"), over TLS
     * only: a plain-http request to the same port never carries them.
     */
    public static void authorize(String hostAndPort, String user, String password) {
        AUTHORIZATION.put(hostAndPort, Credentials.basic(user, password));
    }

    /** Forgets the credentials of an endpoint (its stack stopped: the port may go to another container). */
    public static void forget(String hostAndPort) {
        AUTHORIZATION.remove(hostAndPort);
    }

    static X509TrustManager trustManager() {
        return TRUST;
    }

    static SSLSocketFactory socketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {TRUST}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS context: " + e.getMessage(), e);
        }
    }

    /** Adds the registered credentials to a request that has none. */
    static Interceptor credentials() {
        return chain -> {
            Request request = chain.request();
            String auth = request.isHttps() ? AUTHORIZATION.get(request.url().host() + ":" + request.url().port()) : null;
            if (auth == null || request.header("Authorization") != null) {
                return chain.proceed(request);
            }
            return chain.proceed(request.newBuilder().header("Authorization", auth).build());
        };
    }

    private static X509ExtendedTrustManager trustManager(List<X509Certificate> cas) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cas == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("lab-ca-" + i, cas.get(i));
                }
                factory.init(store);
            }
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("No X509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    /** A check of one trust manager (the plain, socket or engine variant JSSE asked for). */
    private interface Check {
        void run(X509ExtendedTrustManager manager) throws CertificateException;
    }

    /** The JDK's trust, then the lab CAs', each with the variant JSSE asked for (so its per-connection checks stay). */
    private static final class Composite extends X509ExtendedTrustManager {
        private static void either(Check check) throws CertificateException {
            try {
                check.run(JDK_TRUST);
            } catch (CertificateException e) {
                X509ExtendedTrustManager lab = labTrust;
                if (lab == null) {
                    throw e;
                }
                check.run(lab);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the lab's clients check servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509ExtendedTrustManager lab = labTrust;
            List<X509Certificate> all = new ArrayList<>(List.of(JDK_TRUST.getAcceptedIssuers()));
            if (lab != null) {
                all.addAll(List.of(lab.getAcceptedIssuers()));
            }
            return all.toArray(X509Certificate[]::new);
        }
    }
}

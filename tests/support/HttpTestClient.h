#pragma once

#include "support/Credentials.h"
#include "support/HttpTestReply.h"

#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>

// The tests' one HTTP client, over QNetworkAccessManager: one request at a time, waited for
// with a signal (never a sleep). Each instance is a separate client machine with its own
// connections. Hand-written or malformed HTTP goes through RawHttpConnection or rawUpgrade.
class HttpTestClient
{
public:
    using Headers = RequestHeaders;

    explicit HttpTestClient(QUrl base = {}) : m_base(std::move(base)) {}
    void setBase(const QUrl &base) { m_base = base; }
    // Sent as Authorization: Bearer TOKEN with every request; empty sends none.
    void setBearer(const QByteArray &token) { m_bearer = token; }
    // For TLS tests against a self-signed certificate.
    void setIgnoreSslErrors(bool ignore) { m_ignoreSslErrors = ignore; }
    // The TLS settings of every request (e.g. the certificates to trust).
    void setSslConfiguration(const QSslConfiguration &tls) { m_tls = tls; }
    // A new connection (and TLS session) for every request: probes that must not see what an
    // earlier one negotiated.
    void setFreshConnectionPerRequest(bool fresh) { m_freshConnections = fresh; }
    // How long a request may take before it counts as unanswered (status 0, TimeoutError).
    void setTimeout(int timeoutMs) { m_timeoutMs = timeoutMs; }

    // To a path of the base URL (sent as written, percent-encoding included).
    HttpTestReply send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const Headers &headers = {});
    HttpTestReply get(const QString &path, const Headers &headers = {})
    {
        return send("GET", path, {}, headers);
    }
    HttpTestReply sendJson(const QByteArray &method, const QString &path, const QJsonObject &body);
    // To a whole URL, query included.
    HttpTestReply sendTo(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                         const Headers &headers = {});
    HttpTestReply getUrl(const QUrl &url, const Headers &headers = {})
    {
        return sendTo("GET", url, {}, headers);
    }

private:
    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_bearer;
    bool m_ignoreSslErrors = false;
    std::optional<QSslConfiguration> m_tls;
    bool m_freshConnections = false;
    int m_timeoutMs = 30000;
};

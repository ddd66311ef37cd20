#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// One HTTP answer as the tests look at it.
struct HttpTestReply
{
    int status = 0; // 0: no HTTP answer at all (connection refused, reset, timed out)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // The first header of that name (case-insensitive), or empty.
    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

// A synchronous HTTP client for the end-to-end tests over QNetworkAccessManager: one request at
// a time, waited for with a signal (never a sleep). Each instance is a separate client machine
// with its own connections.
class HttpTestClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit HttpTestClient(QUrl base = {}) : m_base(std::move(base)) {}
    void setBase(const QUrl &base) { m_base = base; }
    // Sent as Authorization: Bearer TOKEN with every request; empty sends none.
    void setBearer(const QByteArray &token) { m_bearer = token; }
    // For TLS tests against a self-signed certificate.
    void setIgnoreSslErrors(bool ignore) { m_ignoreSslErrors = ignore; }

    HttpTestReply send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const Headers &headers = {}, int timeoutMs = 30000);
    HttpTestReply get(const QString &path, const Headers &headers = {})
    {
        return send("GET", path, {}, headers);
    }
    HttpTestReply sendJson(const QByteArray &method, const QString &path, const QJsonObject &body);

private:
    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_bearer;
    bool m_ignoreSslErrors = false;
};

#include "support/HttpTestClient.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

#include <memory>

HttpTestReply HttpTestClient::send(const QByteArray &method, const QString &path,
                                   const QByteArray &body, const Headers &headers)
{
    QUrl url = m_base;
    // The path goes on the wire as written (percent-encoding included).
    url.setPath(path, QUrl::TolerantMode);
    return sendTo(method, url, body, headers);
}

HttpTestReply HttpTestClient::sendTo(const QByteArray &method, const QUrl &url,
                                     const QByteArray &body, const Headers &headers)
{
    QNetworkRequest request(url);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(body);
    buffer->open(QIODevice::ReadOnly);
    // Declared before the reply, which must go first.
    std::unique_ptr<QNetworkAccessManager> fresh;
    if (m_freshConnections)
        fresh = std::make_unique<QNetworkAccessManager>();
    QNetworkAccessManager &network = fresh ? *fresh : m_network;
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(
        request, method,
        body.isEmpty() && method != "PUT" && method != "POST" && method != "PATCH" ? nullptr
                                                                                   : buffer.get()));
    if (m_ignoreSslErrors)
        reply->ignoreSslErrors();
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpTestReply result;
    if (!reply->isFinished() && !finished.wait(m_timeoutMs)) {
        reply->abort();
        result.error = QNetworkReply::TimeoutError;
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    result.error = reply->error();
    return result;
}

HttpTestReply HttpTestClient::sendJson(const QByteArray &method, const QString &path,
                                       const QJsonObject &body)
{
    return send(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}});
}

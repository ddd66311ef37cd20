#include "HttpTestClient.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

#include <memory>

QByteArray HttpTestReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpTestReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpTestReply HttpTestClient::send(const QByteArray &method, const QString &path,
                                   const QByteArray &body, const Headers &headers, int timeoutMs)
{
    QUrl url = m_base;
    // The path goes on the wire as written (percent-encoding included).
    url.setPath(path, QUrl::TolerantMode);
    QNetworkRequest request(url);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(body);
    buffer->open(QIODevice::ReadOnly);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(
        request, method,
        body.isEmpty() && method != "PUT" && method != "POST" && method != "PATCH" ? nullptr
                                                                                   : buffer.get()));
    if (m_ignoreSslErrors)
        reply->ignoreSslErrors();
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs)) {
        reply->abort();
        return {};
    }
    HttpTestReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    return result;
}

HttpTestReply HttpTestClient::sendJson(const QByteArray &method, const QString &path,
                                       const QJsonObject &body)
{
    return send(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}});
}

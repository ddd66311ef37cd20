#include "WsTestClient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

WsTestClient::WsTestClient()
{
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                     [this](const QString &text) { m_frames.append(text); });
}

bool WsTestClient::open(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                        int timeoutMs)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    m_socket.open(request);
    QDeadlineTimer deadline(timeoutMs);
    while (connected.isEmpty() && disconnected.isEmpty() && !deadline.hasExpired())
        QTest::qWait(5);
    return !connected.isEmpty();
}

void WsTestClient::sendJson(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void WsTestClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

void WsTestClient::sendBinary(const QByteArray &data)
{
    m_socket.sendBinaryMessage(data);
}

bool WsTestClient::waitForFrames(int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_frames.size() < count && !deadline.hasExpired())
        QTest::qWait(5);
    return m_frames.size() >= count;
}

QJsonObject WsTestClient::next(int timeoutMs)
{
    if (!waitForFrames(1, timeoutMs))
        return {};
    return QJsonDocument::fromJson(m_frames.takeFirst().toUtf8()).object();
}

bool WsTestClient::waitForClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
        QTest::qWait(5);
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

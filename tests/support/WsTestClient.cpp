#include "support/WsTestClient.h"

#include "support/BrokerReplies.h"
#include "support/DesktopFrames.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

WsTestClient::WsTestClient()
{
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                     [this](const QString &text) { m_frames.append(text); });
}

bool WsTestClient::open(const QUrl &url, const RequestHeaders &headers, int timeoutMs)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    m_socket.open(request);
    // Either signal ends the wait: a refused handshake must not cost the whole timeout.
    (void)QTest::qWaitFor([&] { return !connected.isEmpty() || !disconnected.isEmpty(); },
                          timeoutMs);
    return !connected.isEmpty();
}

bool WsTestClient::openRegistered(const QUrl &url, const RequestHeaders &headers,
                                  const QString &userId, const QString &endpoint, QString *error)
{
    if (!open(url, headers)) {
        *error =
            u"cannot open %1: %2"_s.arg(url.toString(QUrl::RemoveQuery), m_socket.errorString());
        return false;
    }
    const ServerFrame reply = roundTrip(wire::registerUser(userId, endpoint));
    if (!isAck(reply)) {
        *error = u"register_user as %1 was answered with %2"_s.arg(userId, reply.describe());
        return false;
    }
    return true;
}

void WsTestClient::sendJson(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(wire::compact(message)));
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
    return QTest::qWaitFor([&] { return m_frames.size() >= count; }, timeoutMs);
}

ServerFrame WsTestClient::next(int timeoutMs)
{
    if (m_frames.isEmpty() && timeoutMs > 0) {
        // Woken by the frame itself rather than polling: round trips set the suites' pace.
        QSignalSpy received(&m_socket, &QWebSocket::textMessageReceived);
        received.wait(timeoutMs);
    }
    if (m_frames.isEmpty())
        return {};
    return ServerFrame(m_frames.takeFirst().toUtf8());
}

ServerFrame WsTestClient::nextOfType(const QString &type, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const ServerFrame frame = next(int(std::max<qint64>(0, timeoutMs - waited.elapsed())));
        if (frame.isEmpty() || frame.json().value("type"_L1).toString() == type)
            return frame;
    }
}

ServerFrame WsTestClient::roundTrip(const QJsonObject &message)
{
    sendJson(message);
    return next();
}

ServerFrame WsTestClient::nextUnlessClosed(int timeoutMs)
{
    (void)QTest::qWaitFor(
        [&] {
            return !m_frames.isEmpty() || m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return m_frames.isEmpty() ? ServerFrame() : next(0);
}

bool WsTestClient::waitForClosed(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                           timeoutMs);
}

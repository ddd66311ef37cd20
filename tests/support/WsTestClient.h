#pragma once

#include <QJsonObject>
#include <QList>
#include <QUrl>
#include <QWebSocket>

// A WebSocket peer for the end-to-end tests: sends exactly the frames a test writes and keeps
// every frame it receives, so tests can wait for them without sleeping.
class WsTestClient
{
public:
    WsTestClient();

    // Connects and waits for the handshake; false when it fails (request headers optional).
    bool open(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {},
              int timeoutMs = 10000);
    void sendJson(const QJsonObject &message);
    void sendText(const QString &text);
    void sendBinary(const QByteArray &data);

    // The next received frame parsed as JSON, waiting up to timeoutMs; an empty object on
    // timeout (the test then fails on its own assertion).
    QJsonObject next(int timeoutMs = 10000);
    // Waits until at least count frames are unread.
    bool waitForFrames(int count, int timeoutMs = 10000);
    int unreadCount() const { return m_frames.size(); }

    bool waitForClosed(int timeoutMs = 10000);
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void close() { m_socket.close(); }
    // Drops the TCP connection without a WebSocket close frame (a laptop lid closing).
    void abort() { m_socket.abort(); }
    QWebSocket &socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QList<QString> m_frames;
};

#pragma once

#include "support/Credentials.h"
#include "support/ServerFrame.h"

#include <QJsonObject>
#include <QList>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

// A WebSocket peer for the end-to-end tests: sends exactly the frames a test writes and keeps
// every frame it receives, so tests can wait for them without sleeping.
class WsTestClient
{
public:
    WsTestClient();

    // Connects and waits for the handshake; false when it fails (request headers optional).
    bool open(const QUrl &url, const RequestHeaders &headers = {}, int timeoutMs = 10000);
    // Opens and registers as userId at endpoint; false with what went wrong in error.
    bool openRegistered(const QUrl &url, const RequestHeaders &headers, const QString &userId,
                        const QString &endpoint, QString *error);
    void sendJson(const QJsonObject &message);
    void sendText(const QString &text);
    void sendBinary(const QByteArray &data);

    // The next received frame, waiting up to timeoutMs; an empty frame on timeout (the test
    // then fails on its own assertion).
    ServerFrame next(int timeoutMs = 10000);
    // The next frame of that type, skipping what comes meanwhile (a monitor's stats once a
    // second, presence and share events); an empty frame when none came within timeoutMs.
    ServerFrame nextOfType(const QString &type, int timeoutMs = 10000);
    // Sends one message and returns the next frame.
    ServerFrame roundTrip(const QJsonObject &message);
    // The next frame, or an empty one as soon as the connection is closed (or on timeout).
    ServerFrame nextUnlessClosed(int timeoutMs = 10000);
    // Waits until at least count frames are unread.
    bool waitForFrames(int count, int timeoutMs = 10000);
    int unreadCount() const { return int(m_frames.size()); }

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

// Opens `client` on `url` with `headers`, registered as `user` at `endpoint`, or fails the test.
#define OPEN_REGISTERED(client, url, headers, user, endpoint)                                      \
    do {                                                                                           \
        QString openRegisteredError;                                                               \
        if (!(client).openRegistered(url, headers, user, endpoint, &openRegisteredError))          \
            QFAIL(qPrintable(openRegisteredError));                                                \
    } while (false)

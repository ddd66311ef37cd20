#include "support/RawUpgrade.h"

#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

QByteArray rawUpgrade(quint16 port, const QByteArray &target, const QByteArray &extraHeaders)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + target +
                 " HTTP/1.1\r\n"
                 "Host: 127.0.0.1:" +
                 QByteArray::number(port) +
                 "\r\n"
                 "Upgrade: websocket\r\n"
                 "Connection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n" +
                 extraHeaders + "\r\n");
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            if (answer.startsWith("HTTP/1.1 101 ") && answer.contains("\r\n\r\n"))
                return true;
            return socket.state() != QAbstractSocket::ConnectedState &&
                   socket.bytesAvailable() == 0;
        },
        5000);
    return answer;
}

QByteArray statusLine(const QByteArray &answer)
{
    return answer.left(answer.indexOf("\r\n"));
}

bool switchedProtocols(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 101") || answer.contains("\nHTTP/1.1 101");
}

// Echoes every text message back on the same connection: what a WebSocket server costs before
// any protocol logic. Prints "listening on 127.0.0.1:PORT".
#include <QCoreApplication>
#include <QTextStream>
#include <QWebSocket>
#include <QWebSocketServer>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? quint16(QByteArray(argv[1]).toUInt()) : 0;
    QWebSocketServer server(QStringLiteral("echo"), QWebSocketServer::NonSecureMode);
    server.setMaxPendingConnections(1024);
    if (!server.listen(QHostAddress::LocalHost, port))
        return 2;
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket](const QString &text) { socket->sendTextMessage(text); });
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    QTextStream(stderr) << "listening on 127.0.0.1:" << server.serverPort() << Qt::endl;
    return app.exec();
}

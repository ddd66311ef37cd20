#include "http/RequestHeadGuard.h"

#include "http/HttpServer.h"
#include "logging/LogCategories.h"

#include <QTcpSocket>
#include <QUrl>

#include <algorithm>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using Status = QHttpServerResponse::StatusCode;

namespace {

// Where the head ends (after its empty line), as QHttpServerRequest finds it: CRLF CRLF, LF LF
// and the mixtures; -1 while it has not arrived.
qsizetype headLength(const QByteArray &head)
{
    const qsizetype crlf = head.indexOf("\n\r\n");
    const qsizetype lf = head.indexOf("\n\n");
    if (crlf < 0 && lf < 0)
        return -1;
    if (lf < 0 || (crlf >= 0 && crlf < lf))
        return crlf + 3;
    return lf + 2;
}

QHttpServerRequest::Method methodOf(QByteArrayView name)
{
    using Method = QHttpServerRequest::Method;
    static const std::pair<QByteArrayView, Method> kMethods[] = {
        {"GET", Method::Get},     {"PUT", Method::Put},         {"DELETE", Method::Delete},
        {"POST", Method::Post},   {"HEAD", Method::Head},       {"OPTIONS", Method::Options},
        {"PATCH", Method::Patch}, {"CONNECT", Method::Connect}, {"TRACE", Method::Trace},
    };
    for (const auto &[text, method] : kMethods) {
        if (name == text)
            return method;
    }
    return Method::Unknown;
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

RequestHeadGuard::RequestHeadGuard(QTcpSocket *socket, HttpServer &http)
    : QObject(socket), m_socket(socket), m_http(http)
{
    connect(m_socket, &QIODevice::readyRead, this, &RequestHeadGuard::inspect);
}

void RequestHeadGuard::inspect()
{
    // QAbstractHttpServer keeps a transaction open on the socket while it reads a request and
    // commits it once the request is complete: without one, the next byte starts a new request.
    if (!m_socket->isTransactionStarted()) {
        m_head.clear();
        m_headChecked = false;
    }
    if (m_headChecked)
        return;
    // Inside a head the server reads all there is on each readyRead, so what is available now
    // is exactly what neither of us has seen.
    const qint64 room = std::max<qint64>(0, HttpServer::kMaxHeadBytes + 1 - m_head.size());
    m_head += m_socket->peek(std::min(m_socket->bytesAvailable(), room));
    // The server skips blank lines and spaces before a request line; so does the guard.
    const auto start = std::find_if(m_head.cbegin(), m_head.cend(), [](char c) {
        return c != '\r' && c != '\n' && c != ' ' && c != '\t' && c != '\v';
    });
    m_head.remove(0, start - m_head.cbegin());

    const qsizetype length = headLength(m_head);
    if (length < 0 || length > HttpServer::kMaxHeadBytes) {
        if (m_head.size() > HttpServer::kMaxHeadBytes)
            refuse(Status::RequestHeaderFieldsTooLarge, ErrorCode::HeadersTooLarge,
                   u"the request line and headers are longer than %1 bytes"_s.arg(
                       HttpServer::kMaxHeadBytes));
        return;
    }
    m_headChecked = true;
    check(m_head.left(length));
}

void RequestHeadGuard::check(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    std::optional<qint64> contentLength;
    bool transferEncoding = false;
    bool expectsContinue = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            transferEncoding = true;
        } else if (name == "expect") {
            expectsContinue = value.toLower() == "100-continue";
        } else if (name == "content-length") {
            bool ok = isDigits(value) && value.size() <= 18;
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (contentLength && *contentLength != length)) {
                refuse(Status::BadRequest, ErrorCode::BadRequest, u"malformed Content-Length"_s);
                return;
            }
            contentLength = length;
        }
    }
    if (transferEncoding) {
        refuse(Status::LengthRequired, ErrorCode::LengthRequired,
               u"send the body with a Content-Length, not chunked"_s);
        return;
    }
    if (!contentLength || requestLine.size() < 2)
        return;
    const QString path = QUrl::fromEncoded(requestLine[1]).path(QUrl::FullyEncoded);
    const qint64 limit = m_http.bodyLimit(methodOf(requestLine[0]), path);
    if (*contentLength > limit) {
        refuse(Status::PayloadTooLarge, ErrorCode::PayloadTooLarge,
               u"the body is larger than the %1 bytes this resource accepts"_s.arg(limit));
        return;
    }
    // Clients such as curl wait for this before sending a large body. An interim answer may
    // only go out when no answer to an earlier request is still due; otherwise the client
    // sends the body after its own timeout.
    if (expectsContinue && *contentLength > 0 && !m_http.hasPendingAnswers(m_socket))
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void RequestHeadGuard::refuse(Status status, ErrorCode code, const QString &message)
{
    qCInfo(lcHttp).noquote() << "refused a request from" << m_socket->peerAddress().toString()
                             << "before its body:" << message;
    // QAbstractHttpServer must not read this request any further: it would buffer the body.
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    // What the client still sends is dropped unread, so that it gets to read the refusal
    // rather than a connection reset.
    connect(m_socket, &QIODevice::readyRead, this,
            [socket = m_socket] { socket->skip(socket->bytesAvailable()); });
    m_socket->skip(m_socket->bytesAvailable());
    m_http.refuseRequest(m_socket, status, code, message);
}

} // namespace ddalab

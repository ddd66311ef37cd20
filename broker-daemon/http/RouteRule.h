#pragma once

#include <QHttpServerRouterRule>
#include <QRegularExpression>

namespace ddalab {

// One route of HttpServer: a path regex matched against the whole path as it came, still
// percent-encoded (QHttpServerRouterRule matches the decoded path, where an id's "%2F" would
// already be a '/'), the methods it answers, and the largest body it accepts.
class RouteRule : public QHttpServerRouterRule
{
public:
    RouteRule(const QString &pathRegex, QHttpServerRequest::Methods methods, RouterHandler handler,
              qint64 maxBodyBytes);

    // Whether a request with this method and this percent-encoded path is this route's.
    bool covers(QHttpServerRequest::Method method, const QString &encodedPath,
                QRegularExpressionMatch *match = nullptr) const;
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override;

private:
    QRegularExpression m_path;
    QHttpServerRequest::Methods m_methods;
    qint64 m_maxBodyBytes;
};

} // namespace ddalab

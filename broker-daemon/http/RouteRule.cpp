#include "http/RouteRule.h"

#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;

RouteRule::RouteRule(const QString &pathRegex, QHttpServerRequest::Methods methods,
                     RouterHandler handler, qint64 maxBodyBytes)
    : QHttpServerRouterRule(pathRegex, methods, std::move(handler)),
      m_path(u'^' + pathRegex + u'$'), m_methods(methods), m_maxBodyBytes(maxBodyBytes)
{
}

bool RouteRule::covers(QHttpServerRequest::Method method, const QString &encodedPath,
                       QRegularExpressionMatch *match) const
{
    if (!(m_methods & method))
        return false;
    QRegularExpressionMatch result = m_path.match(encodedPath);
    const bool matched = result.hasMatch();
    if (match)
        *match = std::move(result);
    return matched;
}

bool RouteRule::matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const
{
    return covers(request.method(), request.url().path(QUrl::FullyEncoded), match);
}

} // namespace ddalab

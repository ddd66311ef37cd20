#include "ConnectionSettings.h"

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

std::optional<QUrl> ConnectionSettings::brokerUrl(const QString &typed, bool tls, QString *error)
{
    QString text = typed.trimmed();
    if (!text.contains(u"://"_s))
        text.prepend(u"ws://"_s);
    QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool knownScheme =
        scheme == "ws"_L1 || scheme == "wss"_L1 || scheme == "http"_L1 || scheme == "https"_L1;
    if (!url.isValid() || url.host().isEmpty() || !knownScheme) {
        *error = u"give the broker as HOST:PORT or ws://HOST:PORT/ws"_s;
        return std::nullopt;
    }
    url.setScheme(tls ? u"wss"_s : u"ws"_s);
    if (url.path().isEmpty() || url.path() == "/"_L1)
        url.setPath(u"/ws"_s);
    return url;
}

QString ConnectionSettings::address(const QUrl &url)
{
    QString text = url.host();
    if (url.host().contains(u':'))
        text = u'[' + text + u']';
    if (url.port() > 0)
        text += u':' + QString::number(url.port());
    if (url.path() != "/ws"_L1)
        text += url.path();
    return text;
}

} // namespace ddalab::monitor

#include "DatabaseUrl.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, QString *error)
{
    auto failWith = [error](const QString &message) -> std::optional<DatabaseUrl> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return failWith(
            u"not a URL (expected postgres://USER:PASS@HOST:PORT/DB or sqlite:///PATH.db)"_s);

    const QString scheme = url.scheme().toLower();
    if (scheme == "sqlite"_L1) {
        const QString path = url.path(QUrl::FullyDecoded);
        if (!url.host().isEmpty() || !QDir::isAbsolutePath(path) || path == "/"_L1)
            return failWith(u"sqlite URLs name an absolute file: sqlite:///ABSOLUTE/PATH.db"_s);
        return sqliteFile(path);
    }
    if (scheme != "postgres"_L1 && scheme != "postgresql"_L1)
        return failWith(
            u"unknown scheme '%1' (postgres, postgresql or sqlite)"_s.arg(url.scheme()));

    DatabaseUrl result;
    result.engine = Engine::PostgreSql;
    result.host = url.host(QUrl::FullyDecoded);
    result.port = url.port(5432);
    result.user = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    result.database = url.path(QUrl::FullyDecoded).mid(1);
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == "host"_L1)
            result.host = value;
        else if (key == "sslmode"_L1 || key == "connect_timeout"_L1 ||
                 key == "application_name"_L1 || key == "sslrootcert"_L1)
            options.append(key + u'=' + value);
        else
            return failWith(u"unsupported PostgreSQL URL parameter '%1'"_s.arg(key));
    }
    result.connectOptions = options.join(u';');
    if (result.host.isEmpty())
        return failWith(u"PostgreSQL URL has no host"_s);
    if (result.database.isEmpty() || result.database.contains(u'/'))
        return failWith(
            u"PostgreSQL URL must name one database: postgres://USER:PASS@HOST:PORT/DB"_s);
    return result;
}

DatabaseUrl DatabaseUrl::sqliteFile(const QString &path)
{
    DatabaseUrl result;
    result.engine = Engine::Sqlite;
    result.database = path;
    return result;
}

QString DatabaseUrl::redacted() const
{
    if (engine == Engine::Sqlite)
        return u"sqlite://"_s + database;
    QUrl url;
    url.setScheme(u"postgres"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(u"***"_s);
    url.setPath(u'/' + database);
    return url.toString();
}

} // namespace ddalab

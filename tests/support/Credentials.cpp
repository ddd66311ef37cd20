#include "support/Credentials.h"

using namespace Qt::StringLiterals;

RequestHeaders bearer(const QByteArray &credential)
{
    return {{"Authorization", "Bearer " + credential}};
}

QUrl withAccessToken(QUrl url, const QByteArray &credential)
{
    url.setQuery(u"access_token="_s +
                 QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(credential))));
    return url;
}

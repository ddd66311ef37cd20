#include "support/HttpTestReply.h"

#include <QJsonDocument>

QByteArray HttpTestReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpTestReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

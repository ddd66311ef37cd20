#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QPair>

// One HTTP answer as the tests look at it.
struct HttpTestReply
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    int status = 0; // 0: no HTTP answer at all (connection refused, reset, timed out)
    Headers headers;
    QByteArray body;
    // What QNetworkAccessManager said went wrong (TimeoutError when no answer came in time).
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    // The first header of that name (case-insensitive), or empty.
    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

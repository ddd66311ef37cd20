#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

// Request headers as name and value, sent as written.
using RequestHeaders = QList<QPair<QByteArray, QByteArray>>;

// The two ways a client presents a credential (a JWT or the admin token): an Authorization
// header, or the access_token query of the URL.
RequestHeaders bearer(const QByteArray &credential);
QUrl withAccessToken(QUrl url, const QByteArray &credential);

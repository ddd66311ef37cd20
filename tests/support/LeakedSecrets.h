#pragma once

#include <QString>
#include <QStringList>

// Names the secrets of which any 16 characters in a row (all of it, if shorter) turn up in a
// daemon's output: a log line must not carry even a fragment of a credential. Each is named by
// its first 12 characters.
QStringList leakedSecrets(const QString &output, const QStringList &secrets);

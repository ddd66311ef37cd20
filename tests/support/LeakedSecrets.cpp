#include "support/LeakedSecrets.h"

#include <QSet>

using namespace Qt::StringLiterals;

QStringList leakedSecrets(const QString &output, const QStringList &secrets)
{
    constexpr qsizetype kWindow = 16;
    QSet<QStringView> windows;
    for (qsizetype i = 0; i + kWindow <= output.size(); ++i)
        windows.insert(QStringView(output).mid(i, kWindow));
    QStringList leaked;
    for (const QString &secret : secrets) {
        bool found = secret.size() < kWindow && !secret.isEmpty() && output.contains(secret);
        for (qsizetype i = 0; !found && i + kWindow <= secret.size(); ++i)
            found = windows.contains(QStringView(secret).mid(i, kWindow));
        if (found)
            leaked.append(secret.left(12) + u"..."_s);
    }
    return leaked;
}

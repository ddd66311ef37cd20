#include "EnvFile.h"

#include <QFile>
#include <QRegularExpression>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// The value after '=': unquoted (trimmed), 'literal' or "with \-escapes".
std::optional<QString> unquote(QStringView raw)
{
    const QStringView value = raw.trimmed();
    if (value.size() >= 2 && value.front() == u'\'' && value.back() == u'\'')
        return value.mid(1, value.size() - 2).toString();
    if (value.isEmpty() || value.front() != u'"')
        return value.toString();
    if (value.size() < 2 || value.back() != u'"')
        return std::nullopt;
    QString result;
    const QStringView inner = value.mid(1, value.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const QChar c = inner[i];
        if (c == u'\\' && i + 1 < inner.size() && QStringView(u"\"\\$`").contains(inner[i + 1])) {
            result += inner[++i];
        } else if (c == u'"') {
            return std::nullopt; // an unescaped quote inside: not one value
        } else {
            result += c;
        }
    }
    return result;
}

} // namespace

std::optional<QHash<QString, QString>> EnvFile::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    QString reason;
    auto values = parse(QString::fromUtf8(file.readAll()), &reason);
    if (!values)
        *error = u"%1: %2"_s.arg(path, reason);
    return values;
}

std::optional<QHash<QString, QString>> EnvFile::parse(const QString &text, QString *error)
{
    static const QRegularExpression assignment(
        u"^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$"_s);
    QHash<QString, QString> values;
    const QStringList lines = text.split(u'\n');
    for (qsizetype number = 0; number < lines.size(); ++number) {
        const QString line = lines[number].trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        const QRegularExpressionMatch match = assignment.match(line);
        const auto value = match.hasMatch() ? unquote(match.capturedView(2)) : std::nullopt;
        if (!value) {
            *error = u"line %1 is not KEY=VALUE"_s.arg(number + 1);
            return std::nullopt;
        }
        values.insert(match.captured(1), *value);
    }
    return values;
}

} // namespace ddalab

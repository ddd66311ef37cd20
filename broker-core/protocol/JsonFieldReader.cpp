#include "JsonFieldReader.h"

namespace ddalab::protocol {

JsonFieldReader::JsonFieldReader(const QJsonObject &object, QString path)
    : m_object(object), m_path(std::move(path))
{
}

QString JsonFieldReader::fieldPath(QLatin1StringView name) const
{
    return m_path.isEmpty() ? QString(name) : m_path + u'.' + name;
}

void JsonFieldReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

QString JsonFieldReader::requiredString(QLatin1StringView name, qsizetype maxLength)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return {};
    }
    if (!value.isString()) {
        fail(QStringLiteral("field '%1' must be a string").arg(fieldPath(name)));
        return {};
    }
    QString text = value.toString();
    if (text.size() > maxLength) {
        fail(QStringLiteral("field '%1' is longer than %2 characters")
                 .arg(fieldPath(name))
                 .arg(maxLength));
        return {};
    }
    return text;
}

std::optional<QString> JsonFieldReader::nullableString(QLatin1StringView name, qsizetype maxLength)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return requiredString(name, maxLength);
}

QJsonObject JsonFieldReader::requiredObject(QLatin1StringView name)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return {};
    }
    if (!value.isObject()) {
        fail(QStringLiteral("field '%1' must be an object").arg(fieldPath(name)));
        return {};
    }
    return value.toObject();
}

QJsonArray JsonFieldReader::requiredArray(QLatin1StringView name, qsizetype maxEntries)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return {};
    }
    if (!value.isArray()) {
        fail(QStringLiteral("field '%1' must be an array").arg(fieldPath(name)));
        return {};
    }
    QJsonArray array = value.toArray();
    if (array.size() > maxEntries) {
        fail(QStringLiteral("field '%1' has more than %2 entries")
                 .arg(fieldPath(name))
                 .arg(maxEntries));
        return {};
    }
    return array;
}

} // namespace ddalab::protocol

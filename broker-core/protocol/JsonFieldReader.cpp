#include "JsonFieldReader.h"

#include <cmath>

namespace ddalab::protocol {

JsonFieldReader::JsonFieldReader(const QJsonObject &object, QString path)
    : m_object(object), m_path(std::move(path))
{
}

QString JsonFieldReader::fieldPath(QLatin1StringView name) const
{
    return m_path.isEmpty() ? QString(name) : m_path + u'.' + name;
}

bool JsonFieldReader::isAbsentOrNull(QLatin1StringView name) const
{
    const QJsonValue value = m_object.value(name);
    return value.isUndefined() || value.isNull();
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

qint64 JsonFieldReader::requiredInteger(QLatin1StringView name, qint64 min, qint64 max)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return min;
    }
    const double number = value.toDouble();
    // Doubles hold integers exactly up to 2^53, which bounds every integer field.
    if (!value.isDouble() || number != std::trunc(number) || number < double(min) ||
        number > double(max)) {
        fail(QStringLiteral("field '%1' must be a whole number from %2 to %3")
                 .arg(fieldPath(name))
                 .arg(min)
                 .arg(max));
        return min;
    }
    return qint64(number);
}

qint64 JsonFieldReader::optionalInteger(QLatin1StringView name, qint64 min, qint64 max,
                                        qint64 fallback)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull())
        return fallback;
    return requiredInteger(name, min, max);
}

double JsonFieldReader::requiredNonNegative(QLatin1StringView name)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return 0;
    }
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || number < 0) {
        fail(QStringLiteral("field '%1' must be a number of at least 0").arg(fieldPath(name)));
        return 0;
    }
    return number;
}

std::optional<double> JsonFieldReader::nullableNonNegative(QLatin1StringView name)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return requiredNonNegative(name);
}

bool JsonFieldReader::requiredBool(QLatin1StringView name)
{
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("missing field '%1'").arg(fieldPath(name)));
        return false;
    }
    if (!value.isBool()) {
        fail(QStringLiteral("field '%1' must be true or false").arg(fieldPath(name)));
        return false;
    }
    return value.toBool();
}

} // namespace ddalab::protocol

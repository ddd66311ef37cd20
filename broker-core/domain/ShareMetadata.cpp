#include "ShareMetadata.h"

#include <array>
#include <utility>

namespace ddalab {

namespace {

constexpr std::array kContentTypes = {
    std::pair{ContentType::DdaResult, u"dda_result"},
    std::pair{ContentType::Annotation, u"annotation"},
    std::pair{ContentType::Workflow, u"workflow"},
    std::pair{ContentType::ParameterSet, u"parameter_set"},
    std::pair{ContentType::DataSegment, u"data_segment"},
};
constexpr std::array kClassifications = {
    std::pair{Classification::Phi, u"phi"},
    std::pair{Classification::DeIdentified, u"de_identified"},
    std::pair{Classification::Synthetic, u"synthetic"},
    std::pair{Classification::Unclassified, u"unclassified"},
};

template <typename Table, typename Value> QString nameIn(const Table &table, Value value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QString::fromUtf16(name);
    }
    return {};
}

template <typename Value, typename Table>
std::optional<Value> valueIn(const Table &table, QStringView name)
{
    for (const auto &[value, candidate] : table) {
        if (name == QStringView(candidate))
            return value;
    }
    return std::nullopt;
}

} // namespace

QString contentTypeName(ContentType type)
{
    return nameIn(kContentTypes, type);
}

std::optional<ContentType> contentTypeFromName(QStringView name)
{
    return valueIn<ContentType>(kContentTypes, name);
}

QString classificationName(Classification classification)
{
    return nameIn(kClassifications, classification);
}

std::optional<Classification> classificationFromName(QStringView name)
{
    return valueIn<Classification>(kClassifications, name);
}

} // namespace ddalab

import { product } from "../schema"

/** Product columns as v1 1.20 serializes a product relation, in its wire order (it has no profile_id column). */
export const storeProductColumns = {
  id: product.id,
  created_at: product.created_at,
  updated_at: product.updated_at,
  deleted_at: product.deleted_at,
  title: product.title,
  subtitle: product.subtitle,
  description: product.description,
  handle: product.handle,
  is_giftcard: product.is_giftcard,
  status: product.status,
  thumbnail: product.thumbnail,
  weight: product.weight,
  length: product.length,
  height: product.height,
  width: product.width,
  hs_code: product.hs_code,
  origin_country: product.origin_country,
  mid_code: product.mid_code,
  material: product.material,
  collection_id: product.collection_id,
  type_id: product.type_id,
  discountable: product.discountable,
  external_id: product.external_id,
  metadata: product.metadata,
}
